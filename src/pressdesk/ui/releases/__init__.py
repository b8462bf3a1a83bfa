"""The releases feature's views: the list page, the editor with its live preview, and the
pickers (SDGs, contacts) it uses."""
