"""What the SDKs under LangChain raise, made into ChatErrors with short, key-free reasons,
and the retry policy (429, 5xx, timeouts and connection errors, with backoff).

The SDK errors are recognised by class name: the core imports no vendor SDK.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from coach.chat import ChatError

log = logging.getLogger(__name__)
T = TypeVar("T")

NOT_API = "the model server answered with a page that is not an API response (HTML or text)"
# What the SDKs under LangChain raise, recognised by name (the core imports no vendor SDK):
# the OpenAI and Anthropic SDKs' errors (APIError), Ollama's ResponseError, and httpx's transport errors.
_SDK_ERRORS = ("OpenAIError", "APIError", "ResponseError", "TransportError", "ConnectionError")
_CONNECT = {"APIConnectionError", "TransportError", "ConnectionError", "ConnectError"}
_TIMEOUT = {"APITimeoutError", "TimeoutException"}


def is_sdk_error(exc: BaseException) -> bool:
    """Whether ``exc`` comes from a model SDK (OpenAI, Anthropic, Ollama, httpx)."""
    return bool(_kind(exc) & set(_SDK_ERRORS))


def _kind(exc: BaseException) -> set[str]:
    """The class names of ``exc`` and its bases (LangChain re-raises the SDK's errors as
    subclasses such as ``OpenAITimeoutError``)."""
    return {c.__name__ for c in type(exc).__mro__}


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of an SDK error, if it has one."""
    code = getattr(exc, "status_code", None)
    return code if isinstance(code, int) else None


def reason_for(exc: BaseException) -> str:
    """A short, key-free description of what went wrong."""
    kind = _kind(exc)
    status = status_of(exc)
    if kind & _TIMEOUT:
        return "the model server timed out"
    if "LengthFinishReasonError" in kind:
        return "the model's answer was cut off at COACH_LLM_ANSWER_TOKENS"
    if kind & _CONNECT:
        return "could not connect to the model server"
    if status == 429:
        return "the model server kept answering 429 (rate limited)"
    if status == 401:
        return "the model server refused the API key (401)"
    if status == 404:
        return "the model or endpoint was not found (404)"
    if status is not None:
        return f"the model server answered HTTP {status}"
    return f"the model call failed ({type(exc).__name__})"


def names_response_format(exc: BaseException) -> bool:
    """True when an error response is about the request's response_format field."""
    try:
        text = exc.response.text  # type: ignore[attr-defined]
    except Exception:  # a streamed or closed response
        text = str(exc)
    return "response_format" in text or "json_schema" in text


def as_chat_error(exc: Exception) -> ChatError | None:
    """The ChatError for an SDK failure or a 200 whose body is not an API response (HTML or
    text), or None for anything else (a bug, raised as it is)."""
    if is_sdk_error(exc):
        return ChatError(reason_for(exc))
    if isinstance(exc, (AttributeError, TypeError, ValueError, KeyError)):
        return ChatError(NOT_API)
    return None


def _retryable(exc: BaseException) -> bool:
    if _kind(exc) & (_CONNECT | _TIMEOUT):
        return True
    status = status_of(exc)
    if status == 429:
        return True
    return status is not None and status >= 500 and not names_response_format(exc)


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(value), 30.0) if value else None
    except ValueError:
        return None


def with_retries(call: Callable[[], T], retries: int, base_delay: float = 0.5) -> T:
    """Run ``call``, retrying 429, 5xx, timeouts and connection errors with backoff."""
    for attempt in range(retries + 1):
        try:
            return call()
        except Exception as exc:
            if not is_sdk_error(exc) or attempt == retries or not _retryable(exc):
                raise
            delay = _retry_after(exc) or min(base_delay * 2**attempt, 8.0)
            log.info("model call failed (%s); retrying in %.1fs", reason_for(exc), delay)
            time.sleep(delay)
    raise AssertionError("unreachable")
