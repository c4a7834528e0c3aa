"""Practice: the coach plays the other person; a scored debrief and the score trend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from coach.render import debrief_text
from coach.service import Coach, CoachError
from coach.types import PracticeSession
from ui.files import out_path, trend_png
from ui.shell import Shell, handler, inline, job
from ui.views import chat_messages, esc

TITLE = "Practice"
FROM_NOTES = "from the person's notes"


def _state(coach: Coach, session: PracticeSession) -> dict:
    # The session is kept in the browser session's state; it carries its account, so a
    # request from another account (or with a borrowed session id) cannot read or extend it.
    return {"account": coach.account, "session": session.model_dump(mode="json")}


def _session(coach: Coach, state: dict | None) -> PracticeSession:
    if not state or "session" not in state:
        raise CoachError("start a session first")
    if state.get("account") != coach.account:
        raise CoachError("this practice session belongs to another account; start a new one")
    return PracticeSession(**state["session"])


def practice_start(
    coach: Coach,
    persona: str,
    scenario: str,
    person: str | None,
    use_person: bool,
    difficulty: Any,
) -> tuple[dict, list, str]:
    """A new session for the app's state, an empty chat and the opening instructions."""
    chosen = None if not scenario or scenario == FROM_NOTES else scenario
    who = person if use_person or chosen is None else None
    if chosen is None and not who:
        raise CoachError("pick a scenario, or a person whose notes suggest one")
    session = coach.practice_start(persona or "defensive", chosen, who, int(difficulty or 2))
    intro = f"**Scenario:** {esc(session.scenario_text)}  \nYou open the conversation."
    return _state(coach, session), [], intro


def practice_say(coach: Coach, state: dict | None, line: str) -> tuple[dict, list]:
    """Send the user's line; the new state and the chat."""
    session = coach.practice_say(_session(coach, state), line or "")
    return _state(coach, session), chat_messages(session)


def practice_say_streaming(
    coach: Coach, state: dict | None, line: str
) -> Iterator[tuple[dict, list]]:
    """Like :func:`practice_say`, yielding the chat as the persona's answer streams in."""
    for session in coach.practice_say_streaming(_session(coach, state), line or ""):
        yield _state(coach, session), chat_messages(session)


def practice_trend(coach: Coach) -> str | None:
    """The trend chart (a PNG path): one dot per scored session, numbered 1, 2, 3… with
    its date; None before the first scored session."""
    scored = [r for r in coach.practice_history() if r.overall is not None]
    if not scored:
        return None
    points = [(i, r.date, float(r.overall or 0)) for i, r in enumerate(scored, 1)]
    return str(trend_png(points, out_path("practice-trend.png", coach.account)))


def trend_update(coach: Coach) -> Any:
    """The trend image, shown once there is a scored session."""
    path = practice_trend(coach)
    return gr.update(value=path, visible=path is not None)


def practice_debrief(coach: Coach, state: dict | None) -> tuple[dict, str, Any]:
    """Score and save the session: the new state, the debrief card and the trend."""
    session = coach.practice_debrief(_session(coach, state))
    return _state(coach, session), debrief_text(session, esc), trend_update(coach)


def build(shell: Shell) -> None:
    """The Practice tab."""
    personas, scenario_keys = Coach.practice_options()
    pr_state = gr.State(None)
    with gr.Row():
        pr_persona = gr.Dropdown(label="Persona", choices=personas, value="defensive")
        pr_scenario = gr.Dropdown(
            label="Scenario", value=scenario_keys[0], choices=[*scenario_keys, FROM_NOTES]
        )
        pr_difficulty = gr.Slider(label="Difficulty", minimum=1, maximum=3, step=1, value=2)
        pr_use_person = gr.Checkbox(label="Play the selected person")
    pr_start = gr.Button("Start a session", variant="primary")
    pr_intro = gr.Markdown()
    pr_chat = gr.Chatbot(label="Conversation", height=360)
    with gr.Row():
        pr_line = gr.Textbox(label="Your line", placeholder="Open the conversation…", scale=4)
        pr_send = gr.Button("Send", scale=1)
    pr_debrief_btn = gr.Button("Debrief")
    with gr.Row():
        pr_card = gr.Markdown()
        pr_plot = gr.Image(
            label="Overall score by session",
            type="filepath",
            interactive=False,
            buttons=["download"],
            elem_id="practice-trend",
            visible=False,  # shown with the first scored session (an empty one is unlabelled)
        )

    @inline(n_outputs=3)
    def start(
        persona: str, scenario: str, who: str | None, use: bool, level: Any, request: gr.Request
    ) -> Any:
        return practice_start(shell.coach(request), persona, scenario, who, use, level)

    @handler
    def send(state: Any, line: str, request: gr.Request) -> Any:
        # A generator: with an LLM the persona's answer streams into the chat.
        for new_state, messages in practice_say_streaming(shell.coach(request), state, line):
            yield new_state, messages, ""

    @inline(n_outputs=3, status=1)
    def debrief(state: Any, request: gr.Request) -> Any:
        return practice_debrief(shell.coach(request), state)

    @handler
    def trend(request: gr.Request) -> Any:
        return trend_update(shell.coach(request))

    job(
        pr_start.click,
        start,
        [pr_persona, pr_scenario, shell.person, pr_use_person, pr_difficulty],
        [pr_state, pr_chat, pr_intro],
        pr_intro,
        "setting up the session",
    )
    pr_send.click(send, [pr_state, pr_line], [pr_state, pr_chat, pr_line], api_name="practice_say")
    pr_line.submit(send, [pr_state, pr_line], [pr_state, pr_chat, pr_line])
    job(pr_debrief_btn.click, debrief, pr_state, [pr_state, pr_card, pr_plot], pr_card, "scoring")
    shell.on_load(trend, None, pr_plot)
