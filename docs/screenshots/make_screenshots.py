#!/usr/bin/env python3
"""Regenerates the README screenshots from a real live meeting.

The GUI (build/src/gui/renkei) hosts the A-san サービス担当者会議 under its own Xvfb; two
renkei-cli participants join with the join code shown on the chair's screen (read from the
GUI's --ui-dump) and fill in the meeting. Needs Xvfb, imagemagick (import, convert).

    python3 docs/screenshots/make_screenshots.py [BUILD_DIR]
"""
import json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build"
OUT = ROOT / "docs" / "screenshots"
tmp = Path(tempfile.mkdtemp(prefix="renkei-shots-"))
DISPLAY = ":91"


def wait(pred, what, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"timed out waiting for {what}")


def dump():
    try:
        return json.loads((tmp / "ui.json").read_text())
    except (OSError, ValueError):
        return None


class Peer:
    def __init__(self, name, label, address, code):
        self.proc = subprocess.Popen(
            [str(BUILD / "src/cli/renkei-cli"), "join", "--db", str(tmp / f"{label}.renkei"), "--address", address,
             "--code", code, "--name", name, "--listen", "127.0.0.1:0", "--identity", str(tmp / f"id-{label}")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.req = 0
        self.read(lambda j: j.get("event") == "joined")

    def read(self, pred):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("a participant exited")
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
        self("cmd", ) if False else None
        self.proc.stdin.write('{"cmd":"quit"}\n')
        self.proc.wait(timeout=10)


def shot(name):
    time.sleep(1.2)  # let the window repaint (a picture, not a test)
    raw = tmp / f"{name}-raw.png"
    subprocess.run(["import", "-display", DISPLAY, "-window", "root", str(raw)], check=True)
    subprocess.run(["convert", str(raw), "-trim", "+repage", str(OUT / f"{name}.png")], check=True)
    print("wrote", OUT / f"{name}.png")


xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1500x950x24", "-nolisten", "tcp"],
                        stderr=subprocess.DEVNULL)
env = {**os.environ, "DISPLAY": DISPLAY, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp), "NO_AT_BRIDGE": "1"}
gui = None
peers = []
try:
    wait(lambda: subprocess.run(["xdpyinfo", "-display", DISPLAY], capture_output=True).returncode == 0, "Xvfb")
    gui = subprocess.Popen(
        [str(BUILD / "src/gui/renkei"), "--host", "--db", str(tmp / "chair.renkei"), "--template", "service_coordination",
         "--user-name", "佐藤 真理", "--organization", "相談支援事業所ひかり", "--profession", "相談支援専門員",
         "--person", "Aさん", "--place", "グループホームさくら 共用リビング", "--listen", "127.0.0.1:0", "--auto-admit",
         "--no-announce", "--identity", str(tmp / "id-chair"), "--ui-dump", str(tmp / "ui.json")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    banner = wait(lambda: (dump() or {}).get("banner", {}).get("join_code") and dump()["banner"], "the join code")
    address = banner["address"][banner["address"].find("127.0.0.1:"):].split()[0]
    gh = Peer("鈴木 健", "gh", address, banner["join_code"])
    day = Peer("高橋 由美", "day", address, banner["join_code"])
    peers = [gh, day]
    state = gh(cmd="state")["state"]
    agenda = {a["title"]: a["id"] for a in state["agenda"]}
    item = lambda words: next(v for k, v in agenda.items() if words in k)
    ids = {a["name"]: a["id"] for a in state["attendees"]}
    gh(cmd="set", id=ids["鈴木 健"], field="organization", value="グループホームさくら")
    gh(cmd="set", id=ids["鈴木 健"], field="profession", value="サービス管理責任者")
    day(cmd="set", id=ids["高橋 由美"], field="organization", value="就労継続支援B型 みどり工房")
    day(cmd="set", id=ids["高橋 由美"], field="profession", value="サービス管理責任者")
    gh(cmd="add", type="attendee", fields={"name": "Aさん", "relation": "person"})
    gh(cmd="add", type="attendee", fields={"name": "A 花子", "relation": "family", "relationship": "母"})
    gh(cmd="add", type="attendee", fields={"name": "田中 誠", "organization": "行動援護事業所 あゆみ", "present": False,
                                           "inquiry_date": "2026-11-18", "inquiry_content": "休日の外出時の様子について",
                                           "inquiry_reply": "毎週土曜に地域の清掃活動へ参加。混乱なく過ごせている。"})
    for words, text in [("開会", "出席者の自己紹介。記録：鈴木（GH）、時間管理：高橋（B型）。"),
                        ("同意", "本人に、チームで支援すること、本日の参加者を説明し、同意を得た。"),
                        ("意向", "本人「土曜日の清掃活動が楽しい。もっと出かけたい」。母「休日の過ごし方が広がってうれしい」。")]:
        gh(cmd="set_current", id=item(words))
        gh(cmd="insert_text", id=item(words), field="notes", pos=0, text=text)
    current = item("経過")
    gh(cmd="set_current", id=current)
    a = gh(cmd="insert_text", id=current, field="notes", pos=0, text="GH入居から2か月。")["reply"]["last"]
    b = day(cmd="insert_text", id=current, field="notes", pos=0, text="日中は就労継続支援B型に週5日通所。")["reply"]["last"]
    gh(cmd="insert_text", id=current, field="notes", after=a, text="こだわり行動による混乱は徐々に解決し、生活リズムが整ってきた。")
    day(cmd="insert_text", id=current, field="notes", after=b, text="作業に集中できる時間が長くなっている。")
    day(cmd="insert_text", id=current, field="conclusion", pos=0, text="GH・B型・行動援護の利用により地域生活が安定してきている。")
    day(cmd="add", type="decision", fields={"text": "休日の地域活動への参加を継続し、月1回の余暇活動を行動援護で追加する",
                                            "agenda_item": item("課題"), "status": "agreed", "consent": "given"})
    wait(lambda: (dump() or {}).get("item", {}).get("conclusion"), "the notes on screen")
    shot("main-window")
finally:
    for p in peers:
        try:
            p.quit()
        except Exception:
            p.proc.kill()
    if gui:
        gui.terminate()
        gui.wait(timeout=10)
    xvfb.terminate()
