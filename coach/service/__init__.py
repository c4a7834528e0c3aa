"""The service layer: the only part of the core that the CLI, the app and the evals call.

- :class:`Coach` runs every use case for one account with one engine (usecases.py).
- Account and serving policy functions live in accounts.py.
- File formats at the edges (CSV/ICS exports, uploads, input files) in files.py.
"""

from coach import __version__
from coach.config import Settings
from coach.errors import CoachError
from coach.netguard import install as install_network_guard
from coach.netguard import is_loopback_host
from coach.service.accounts import (
    add_account,
    change_password,
    check_login,
    list_accounts,
    login_required,
    remove_account,
    serve_policy,
    session_stamp,
)
from coach.service.files import (
    actions_csv,
    actions_ics,
    describe_counts,
    export_item,
    read_input,
    read_notes_file,
)
from coach.service.overview import PersonOverview, person_overview
from coach.service.settings import (
    Status,
    describe_engine,
    load_settings,
    parse_date,
    prompt_versions,
)
from coach.service.topics import cover_topics, saved_topics
from coach.service.usecases import Coach
from coach.service.warmup import limit_malloc_arenas, warm_up, warm_up_in_background

__all__ = [
    "Coach",
    "CoachError",
    "PersonOverview",
    "Settings",
    "Status",
    "__version__",
    "actions_csv",
    "actions_ics",
    "add_account",
    "change_password",
    "check_login",
    "cover_topics",
    "describe_counts",
    "describe_engine",
    "export_item",
    "install_network_guard",
    "is_loopback_host",
    "limit_malloc_arenas",
    "list_accounts",
    "load_settings",
    "login_required",
    "parse_date",
    "person_overview",
    "prompt_versions",
    "read_input",
    "read_notes_file",
    "remove_account",
    "saved_topics",
    "serve_policy",
    "session_stamp",
    "warm_up",
    "warm_up_in_background",
]
