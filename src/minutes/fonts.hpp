// The fonts of the PDF minutes and of the ecomap (internal).
//
// IPAex fonts (IPAexGothic for text, IPAexMincho for titles; Debian fonts-ipaexfont-gothic and
// fonts-ipaexfont-mincho) are the usual fonts of Japanese official forms, and being TrueType
// they embed in a PDF as small subsets: cairo 1.16 embeds a subset of the CFF-based Noto CJK
// fonts at close to a megabyte per face, the IPAex subsets of a whole set of minutes take a
// few tens of kilobytes. Noto Sans/Serif CJK JP follow in each family list, so fontconfig falls
// back to them where IPAex is not installed (or lacks a glyph). IPAex has no bold face: bold is
// emboldened by fontconfig and cairo, and stays vector text in the PDF.
#pragma once

#include <pango/pango.h>

namespace renkei::minutes::fonts {

inline constexpr const char* kSans = "IPAexGothic,Noto Sans CJK JP";    ///< body text (a fontconfig family list)
inline constexpr const char* kSerif = "IPAexMincho,Noto Serif CJK JP";  ///< titles

/// Distance between the baselines of two lines of text, in em: what Noto Sans CJK JP gives by
/// itself (ascent + descent ≈ 1.448 em). Fonts with a tighter line (IPAex: 1.0 em) get the
/// difference as leading, half above and half below each line, so that the layout and its
/// pagination do not depend on which of the fonts is installed.
inline constexpr double kLineHeightEm = 1.45;

/// Sets the line height of `layout` (after its text or markup is set) to kLineHeightEm for the
/// font the layout's font description resolves to: a Pango line_height factor over the whole
/// text, so that runs in other sizes (a small gap line) keep their proportion. Nothing is set
/// for a font whose own line is already that tall.
void set_line_height(PangoLayout* layout);

}  // namespace renkei::minutes::fonts
