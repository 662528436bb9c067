#!/usr/bin/env python3
"""Regenerates the README screenshots from a real live meeting.

A-san's second サービス担当者会議, continued from the first (a meeting file made here by a
renkei-cli chair: open issues, attendees, the role board and the ecomap relationships). The
GUI (build/src/gui/renkei) hosts it under its own Xvfb with --previous; a second renkei window
joins as a participant under another Xvfb; renkei-cli participants join with the join code
shown on the chair's screen (read from --ui-dump) and fill the meeting in. The chair's window
is driven by --ui-script (advancing the agenda, recording a decision, switching tabs,
presentation mode). Needs Xvfb and imagemagick (import, convert).

    python3 docs/screenshots/make_screenshots.py [BUILD_DIR]

Writes docs/screenshots/{main-window,decision-dialog,role-board,ecomap,presentation-mode,
participant-view}.png.
"""
import json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build"
OUT = ROOT / "docs" / "screenshots"
tmp = Path(tempfile.mkdtemp(prefix="renkei-shots-"))
CHAIR_DISPLAY, PARTICIPANT_DISPLAY = ":91", ":92"
RENKEI, CLI = str(BUILD / "src/gui/renkei"), str(BUILD / "src/cli/renkei-cli")


def wait(pred, what, seconds=40):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def dump(name="chair"):
    try:
        return json.loads((tmp / f"{name}.json").read_text())
    except (OSError, ValueError):
        return None


def shown(pred, what, name="chair"):
    def check():
        d = dump(name)
        if d and "error" in d.get("script", {}):
            raise SystemExit(f"the UI script failed: {d['script']['error']}")
        return d if d and pred(d) else None
    return wait(check, what)


def go(step):
    (tmp / step).write_text("")


class Peer:
    """A renkei-cli peer and its JSON-lines conversation."""

    def __init__(self, args, label):
        self.proc = subprocess.Popen([CLI, *args, "--identity", str(tmp / f"id-{label}")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=open(tmp / f"{label}.log", "w"), text=True,
                                     bufsize=1)
        self.req = 0

    @classmethod
    def join(cls, name, label, address, code):
        peer = cls(["join", "--db", str(tmp / f"{label}.renkei"), "--address", address, "--code", code, "--name", name,
                    "--listen", "127.0.0.1:0"], label)
        peer.read(lambda j: j.get("event") == "joined")
        return peer

    def read(self, pred):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("a renkei-cli peer exited")
            j = json.loads(line)
            if pred(j):
                return j

    def __call__(self, **cmd):
        self.req += 1
        cmd["req"] = self.req
        self.proc.stdin.write(json.dumps(cmd, ensure_ascii=False) + "\n")
        reply = self.read(lambda j: j.get("req") == self.req)
        if not reply.get("ok"):
            raise SystemExit(f"{cmd} failed: {reply}")
        return reply

    def quit(self):
        self.proc.stdin.write('{"cmd":"quit"}\n')
        self.proc.stdin.flush()
        self.proc.wait(timeout=15)


def shot(name, display=CHAIR_DISPLAY, trim=True):
    time.sleep(1.2)  # let the window repaint (a picture, not a test)
    raw = tmp / f"{name}-raw.png"
    subprocess.run(["import", "-display", display, "-window", "root", str(raw)], check=True)
    # The empty screen around a window is cut away (not around the full-screen presentation).
    subprocess.run(["convert", str(raw), *(["-trim", "+repage"] if trim else []), str(OUT / f"{name}.png")], check=True)
    print("wrote", OUT / f"{name}.png")


def previous_meeting():
    """A-san's first meeting (第1回), held with renkei-cli: what the second one continues."""
    chair = Peer(["host", "--db", str(tmp / "previous.renkei"), "--template", "service_coordination", "--name",
                  "佐藤 真理", "--organization", "相談支援事業所ひかり", "--profession", "相談支援専門員", "--listen",
                  "127.0.0.1:0", "--no-announce", "--meeting",
                  json.dumps({"person_name": "Aさん", "date": "2026-08-20", "place": "グループホームさくら 共用リビング"},
                             ensure_ascii=False)], "previous")
    chair.read(lambda j: j.get("event") == "hosting")
    state = chair(cmd="state")["state"]
    roles = {r["role"]: r["id"] for r in state["roles"]}
    for role, who, can, cannot in [
            ("司会", "相談支援事業所ひかり", "会議の招集と進行、計画の作成", "日々の生活の見守り"),
            ("記録", "グループホームさくら", "議事録の作成と共有", ""),
            ("時間管理", "就労継続支援B型 みどり工房", "時間の声かけ", ""),
            ("キーマン", "相談支援事業所ひかり", "情報の一元化と進み具合の確認", "夜間・休日の対応")]:
        for field, value in [("who", who), ("can_do", can), ("cannot_do", cannot)]:
            chair(cmd="set", id=roles[role], field=field, value=value)
    for fields in [
            {"role": "生活の支援・服薬の確認", "who": "グループホームさくら", "resource": "formal",
             "can_do": "朝夕の服薬確認、生活リズムの見守り", "cannot_do": "日中の付き添い"},
            {"role": "日中活動・作業", "who": "就労継続支援B型 みどり工房", "resource": "formal",
             "can_do": "週5日の作業、昼食", "cannot_do": "送迎（月・水のみ可）"},
            {"role": "休日の外出支援", "who": "行動援護事業所 あゆみ", "resource": "formal",
             "can_do": "土曜の清掃活動への同行", "cannot_do": "日曜・祝日"},
            {"role": "金銭管理・面会", "who": "母", "resource": "informal",
             "can_do": "月2回の面会、小遣いの管理", "cannot_do": "通院の付き添い（遠方のため）"},
            {"role": "地域の清掃活動", "who": "町内会（民生委員 田中さん）", "resource": "informal",
             "can_do": "毎週土曜の活動への声かけ", "cannot_do": ""}]:
        chair(cmd="add", type="role", fields=fields)
    for fields in [
            {"who": "母", "category": "family", "strength": "strong", "direction": "both", "gender": "female",
             "note": "月2回面会"},
            {"who": "父", "category": "family", "strength": "strong", "direction": "none", "gender": "male",
             "deceased": True},
            {"who": "兄", "category": "family", "strength": "stressful", "direction": "none", "gender": "male",
             "note": "金銭をめぐる葛藤"},
            {"who": "〇〇クリニック", "category": "formal", "strength": "weak", "direction": "to_person",
             "note": "月1回の通院"},
            {"who": "近所のコンビニの店員", "category": "informal", "strength": "weak", "direction": "to_person"}]:
        chair(cmd="add", type="relationship", fields=fields)
    for fields in [{"text": "休日の過ごし方を広げる", "owner": "高橋 由美", "due": "2026-11-30", "carried": True},
                   {"text": "通院の付き添いの体制を決める", "owner": "佐藤 真理", "carried": True}]:
        chair(cmd="add", type="open_issue", fields=fields)
    chair.quit()


displays = []
processes = []
peers = []
try:
    for display in (CHAIR_DISPLAY, PARTICIPANT_DISPLAY):
        displays.append(subprocess.Popen(["Xvfb", display, "-screen", "0", "1500x950x24", "-nolisten", "tcp"],
                                         stderr=subprocess.DEVNULL))
        wait(lambda: subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode == 0, "Xvfb")
    previous_meeting()

    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp), "NO_AT_BRIDGE": "1", "LANG": "ja_JP.UTF-8"}
    # The chair's window: continues from the first meeting; the script advances the agenda,
    # records a decision and moves between tabs when this program says so (wait_file).
    advance = []
    for row in range(6):
        advance += [{"do": "click", "name": "advance"},
                    {"do": "wait_ui", "pointer": f"/agenda/{row}/5", "contains": "進行中"}]
    script = [{"do": "wait_window", "name": "meeting_window"},
              {"do": "wait_file", "path": str(tmp / "advance"), "timeout_ms": 120000}, *advance,
              {"do": "wait_file", "path": str(tmp / "decision"), "timeout_ms": 120000},
              {"do": "key", "key": "ctrl+d"}, {"do": "wait_window", "name": "decision_dialog"},
              {"do": "type", "text": "月1回の余暇活動を行動援護で追加する"},
              {"do": "click", "name": "decision_dialog/consent_given"},
              {"do": "click", "name": "decision_dialog/consent_person"},
              {"do": "click", "name": "decision_dialog/dissent"},
              {"do": "type", "text": "本人の希望で、行き先は本人が選ぶ"},
              {"do": "wait_file", "path": str(tmp / "record"), "timeout_ms": 120000},
              {"do": "click", "name": "decision_dialog/ok"}, {"do": "wait_gone", "name": "decision_dialog"},
              {"do": "wait_file", "path": str(tmp / "roles"), "timeout_ms": 120000}, {"do": "key", "key": "ctrl+2"},
              {"do": "wait_file", "path": str(tmp / "ecomap"), "timeout_ms": 120000}, {"do": "key", "key": "ctrl+3"},
              {"do": "wait_file", "path": str(tmp / "present"), "timeout_ms": 120000}, {"do": "key", "key": "f5"}]
    (tmp / "chair-script.json").write_text(json.dumps(script, ensure_ascii=False))
    processes.append(subprocess.Popen(
        [RENKEI, "--host", "--db", str(tmp / "chair.renkei"), "--previous", str(tmp / "previous.renkei"),
         "--template", "service_coordination", "--user-name", "佐藤 真理", "--organization", "相談支援事業所ひかり",
         "--profession", "相談支援専門員", "--person", "Aさん", "--place", "グループホームさくら 共用リビング",
         "--listen", "127.0.0.1:0", "--auto-admit", "--no-announce", "--identity", str(tmp / "id-chair"),
         "--ui-dump", str(tmp / "chair.json"), "--ui-script", str(tmp / "chair-script.json")],
        env={**env, "DISPLAY": CHAIR_DISPLAY}, stdout=subprocess.DEVNULL, stderr=open(tmp / "chair.log", "w")))
    banner = shown(lambda d: d["banner"].get("join_code"), "the join code")["banner"]
    address = banner["address"][banner["address"].find("127.0.0.1:"):].split()[0]
    code = banner["join_code"]

    # A participant's window on another screen, following the chair.
    processes.append(subprocess.Popen(
        [RENKEI, "--join", address, "--code", code, "--db", str(tmp / "participant.renkei"), "--user-name", "高橋 由美",
         "--listen", "127.0.0.1:0", "--tab", "roles", "--identity", str(tmp / "id-participant"), "--ui-dump",
         str(tmp / "participant.json")],
        env={**env, "DISPLAY": PARTICIPANT_DISPLAY, "HOME": str(tmp / "p"), "XDG_CONFIG_HOME": str(tmp / "p")},
        stdout=subprocess.DEVNULL, stderr=open(tmp / "participant.log", "w")))
    gh = Peer.join("鈴木 健", "gh", address, code)
    peers = [gh]
    state = gh(cmd="state")["state"]
    ids = {a["name"]: a["id"] for a in state["attendees"]}
    for name, org, job in [("鈴木 健", "グループホームさくら", "サービス管理責任者"),
                           ("高橋 由美", "就労継続支援B型 みどり工房", "サービス管理責任者")]:
        if name in ids:
            gh(cmd="set", id=ids[name], field="organization", value=org)
            gh(cmd="set", id=ids[name], field="profession", value=job)
    gh(cmd="add", type="attendee", fields={"name": "Aさん", "relation": "person"})
    gh(cmd="add", type="attendee", fields={"name": "A 花子", "relation": "family", "relationship": "母"})
    gh(cmd="add", type="attendee", fields={"name": "田中 誠", "organization": "行動援護事業所 あゆみ", "present": False,
                                           "inquiry_date": "2026-11-18", "inquiry_content": "休日の外出時の様子について",
                                           "inquiry_reply": "毎週土曜に地域の清掃活動へ参加。混乱なく過ごせている。"})
    # The participant's own follow-up: a role and an open issue naming her.
    gh(cmd="add", type="role", fields={"role": "作業中の様子の記録と共有", "who": "高橋 由美（みどり工房）",
                                       "resource": "formal", "can_do": "毎週金曜に連絡帳で共有",
                                       "cannot_do": "土日の様子の把握"})
    gh(cmd="add", type="open_issue", fields={"text": "作業時間を延ばせるか本人と相談する", "owner": "高橋 由美",
                                             "due": "2026-12-15", "carried": True})
    shown(lambda d: len(d["attendees"]) >= 6, "the attendees")
    shown(lambda d: "接続中" in d.get("peers_status", ""), "the participant window connected", "participant")

    go("advance")
    shown(lambda d: "進行中" in d["agenda"][5][5], "the agenda at 前回からの経過")
    agenda = {a["title"]: a["id"] for a in gh(cmd="state")["state"]["agenda"]}
    item = lambda words: next(v for k, v in agenda.items() if words in k)
    for words, text in [("開会", "出席者の自己紹介。記録：鈴木（GH）、時間管理：高橋（B型）。"),
                        ("同意", "本人に、チームで支援すること、本日の参加者を説明し、同意を得た。"),
                        ("意向", "本人「土曜日の清掃活動が楽しい。もっと出かけたい」。母「休日の過ごし方が広がってうれしい」。")]:
        gh(cmd="insert_text", id=item(words), field="notes", pos=0, text=text)
    current = item("経過")
    a = gh(cmd="insert_text", id=current, field="notes", pos=0, text="GH入居から5か月。")["reply"]["last"]
    gh(cmd="insert_text", id=current, field="notes", after=a,
       text="こだわり行動による混乱は徐々に解決し、生活リズムが整ってきた。日中は就労継続支援B型に週5日通所。")
    gh(cmd="insert_text", id=current, field="conclusion", pos=0,
       text="GH・B型・行動援護の利用により地域生活が安定してきている。")
    gh(cmd="add", type="decision", fields={"text": "土曜の清掃活動への参加を続ける", "agenda_item": item("意向"),
                                           "status": "proposed", "consent": "given"})
    shown(lambda d: d["item"]["conclusion"], "the notes on screen")
    shown(lambda d: d.get("selected_agenda_item") == d.get("current_agenda_item"), "the participant following",
          "participant")
    shot("participant-view", PARTICIPANT_DISPLAY)
    shot("main-window")

    go("decision")
    shown(lambda d: d["script"]["step"] >= len(advance) + 10, "the decision dialog filled in")
    shot("decision-dialog")
    go("record")
    shown(lambda d: len(d["decisions"]) >= 2, "the decision recorded")
    go("roles")
    shown(lambda d: d.get("tab") == "roles", "the role board")
    shot("role-board")
    go("ecomap")
    shown(lambda d: d.get("tab") == "ecomap" and d["ecomap"]["renders"] > 0, "the ecomap drawn")
    shot("ecomap")
    go("present")
    shown(lambda d: d["presentation"].get("full_screen"), "presentation mode")
    shot("presentation-mode", trim=False)
finally:
    for p in peers:
        try:
            p.quit()
        except Exception:
            p.proc.kill()
    for p in processes:
        p.terminate()
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
    for d in displays:
        d.terminate()
    print("files in", tmp)
