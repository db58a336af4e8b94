"""Python and Jinja sources to trees; judges nothing."""
