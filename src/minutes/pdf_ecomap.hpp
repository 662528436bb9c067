// The エコマップ page of the PDF minutes (internal; pdf_form.cpp calls it after 役割分担).
#pragma once

#include <nlohmann/json.hpp>

#include "core/meeting_state.hpp"
#include "minutes/minutes.hpp"
#include "minutes/pdf_canvas.hpp"

namespace renkei::minutes::pdf {

/// Starts a new page "■ エコマップ（社会資源関係図）": the ecomap drawn with draw_ecomap straight
/// onto the page (vector), full text width × 440 pt, framed, legend at its right (seed 002
/// legend), then a table of its lines (関係先 / 区分 / 関係 / 向き / メモ) from
/// view["ecomap_relations"]. `state` is the whole snapshot: options.audience is applied here as
/// everywhere. Draws nothing when view["has_ecomap"] is false.
void draw_ecomap_page(Canvas& c, const core::MeetingState& state, const nlohmann::json& view,
                      const RenderOptions& options);

}  // namespace renkei::minutes::pdf
