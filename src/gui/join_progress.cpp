#include "join_progress.hpp"

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "wx_util.hpp"

namespace renkei::gui {

wxString join_failure_message(const std::string& code, const std::string& message) {
  wxString text;
  if (code == "wrong_code")
    text = _("参加コードが違います。司会者の画面に表示されている参加コードをもう一度確かめてください。");
  else if (code == "unreachable")
    text = _("司会者の端末に接続できませんでした。アドレスと、同じネットワークにつながっているかを確かめてください。");
  else if (code == "not_found")
    text = _("ネットワーク上に会議が見つかりませんでした。司会者の画面に表示されているアドレスを入力してください。");
  else if (code == "bad_address")
    text = _("アドレスの形式が正しくありません（例：192.168.1.5:47000）。");
  else if (code == "denied")
    text = _("司会者が参加を承認しませんでした。");
  else if (code == "timeout")
    text = _("時間内に参加の手続きが終わりませんでした。もう一度お試しください。");
  else if (code == "confirmation_failed")
    text = _("接続先の端末はこの参加コードの会議を開いていません。アドレスを確かめてください。");
  else if (code == "connection_lost")
    text = _("司会者の端末との接続が切れました。");
  else if (code == "try_later")
    text = _("この参加コードは、ほかの参加の確認中か、間違いが続いたため受け付けられませんでした。少し待ってから、司会者の画面に表示されている参加コードでもう一度お試しください。");
  else
    text = _("会議に参加できませんでした。");
  if (!message.empty()) text += "\n\n" + _("詳細：") + to_wx(message);
  return text;
}

JoinProgressDialog::JoinProgressDialog(wxWindow* parent, std::unique_ptr<LiveSession> session, const wxString& where,
                                       Joined on_joined, Failed on_failed)
    : wxDialog(parent, wxID_ANY, _("会議に参加しています"), wxDefaultPosition, wxDefaultSize, wxCAPTION),
      session_(std::move(session)),
      on_joined_(std::move(on_joined)),
      on_failed_(std::move(on_failed)),
      pulse_(this) {
  SetName("join_progress");
  status_ = new wxStaticText(this, wxID_ANY,
                             where.empty() ? _("同じネットワークで会議を探しています…")
                                           : wxString::Format(_("%s に接続しています。参加コードの確認と司会者の承認を待っています…"), where));
  status_->SetName("join_status");
  auto* fingerprint = new wxStaticText(this, wxID_ANY, _("この端末の指紋：") + to_wx(session_->session().short_fingerprint()));
  fingerprint->SetFont(fingerprint->GetFont().Bold());
  auto* hint = new wxStaticText(this, wxID_ANY, _("司会者の画面に同じ指紋が表示されたら、司会者に承認してもらってください。"));
  gauge_ = new wxGauge(this, wxID_ANY, 100, wxDefaultPosition, FromDIP(wxSize(380, -1)));
  auto* cancel = new wxButton(this, wxID_CANCEL, _("中止"));

  auto* top = new wxBoxSizer(wxVERTICAL);
  const int pad = FromDIP(16);
  top->Add(status_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, pad);
  top->Add(gauge_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, pad);
  top->Add(fingerprint, 0, wxLEFT | wxRIGHT | wxTOP, pad);
  top->AddSpacer(FromDIP(4));
  top->Add(hint, 0, wxLEFT | wxRIGHT, pad);
  top->Add(cancel, 0, wxALIGN_RIGHT | wxALL, pad);
  SetSizerAndFit(top);
  CentreOnParent();

  cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { finish_failed(wxString()); });
  Bind(wxEVT_TIMER, [this](wxTimerEvent&) { gauge_->Pulse(); }, pulse_.GetId());
  pulse_.Start(100);
  session_->set_observer(this);
}

JoinProgressDialog::~JoinProgressDialog() {
  if (session_) session_->set_observer(nullptr);
}

void JoinProgressDialog::on_session_event(const session::Event& event) {
  using Kind = session::Event::Kind;
  switch (event.kind) {
    case Kind::joined: {
      pulse_.Stop();
      session_->set_observer(nullptr);
      auto joined = std::move(on_joined_);
      auto session = std::move(session_);
      Destroy();
      joined(std::move(session));
      break;
    }
    case Kind::join_failed:
      finish_failed(join_failure_message(event.data.value("code", std::string()),
                                         event.data.value("message", std::string())));
      break;
    default:  // progress has no finer steps the session reports
      break;
  }
}

void JoinProgressDialog::finish_failed(const wxString& message) {
  pulse_.Stop();
  if (session_) {
    session_->set_observer(nullptr);
    session_->stop();
  }
  auto failed = std::move(on_failed_);
  Destroy();
  if (failed) failed(message);
}

}  // namespace renkei::gui
