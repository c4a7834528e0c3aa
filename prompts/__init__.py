"""Prompt templates and the coaching playbook, kept as data files beside this module."""
