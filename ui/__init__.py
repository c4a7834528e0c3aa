"""The Gradio web app. Handlers are plain functions in ``ui.handlers``; pages in ``ui.app``."""
