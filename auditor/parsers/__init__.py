"""Pure parsers of configuration syntaxes and tool outputs that fact collectors share."""
