// The Japanese labels the core gives enumeration values (core::label_ja: 進行中, フォーマル, 同意
// …), marked here so that xgettext puts them in the catalog; label_of() translates them at run
// time.
#include "wx_util.hpp"

namespace renkei::gui {
namespace {

[[maybe_unused]] const char* const kCoreLabels[] = {
    N_("サービス担当者会議"), N_("個別支援会議"), N_("モニタリング"), N_("事例検討会"),
    N_("未着手"), N_("進行中"), N_("終了"), N_("省略"),
    N_("フォーマル"), N_("インフォーマル"),
    N_("提案"), N_("合意"), N_("保留"), N_("取り下げ"),
    N_("未確認"), N_("同意"), N_("不同意"),
    N_("本人"), N_("家族"), N_("専門職"), N_("地域"),
    N_("強い関係"), N_("弱い関係"), N_("ストレスや葛藤のある関係"),
    N_("向きなし"), N_("本人へ"), N_("本人から"), N_("双方向"),
};

}  // namespace
}  // namespace renkei::gui
