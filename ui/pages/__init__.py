"""The app's pages, one module per tab, each with a ``build(shell)`` that adds its
components and wires its handlers inside the app's Blocks."""
