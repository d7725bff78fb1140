"""Two readers of YAML text into events: libyaml (fast) and PyYAML's pure parser (the one whose
error words macros/data/yaml_messages.py knows). macros/data/yamlsource.py gates the events of either.
"""

from __future__ import annotations

import yaml


class PureParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """Text to events; nothing is composed or constructed here."""

    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:  # libyaml, where PyYAML was built with it: the same events, about ten times faster
    from yaml._yaml import CParser as FAST_PARSER
except ImportError:  # pragma: no cover - PyYAML without libyaml
    FAST_PARSER = None


class FastParserFailed(Exception):
    """libyaml refused the text: the pure parser reads it again and explains what is wrong."""


def fast_events(text: str):
    """libyaml's events, or FastParserFailed where the pure parser may read the text otherwise.

    Where they differ (found by tests/test_yaml_fast_path.py): the pure parser refuses a tab
    in plain text or between tokens, and a '?' in plain text inside [ ] or { }; libyaml accepts
    both. Those texts go to the pure parser, so the gate accepts exactly what it accepted before.
    """
    if "\t" in text:
        raise FastParserFailed
    flow = 0
    try:
        parser = FAST_PARSER(text)
    except (yaml.YAMLError, UnicodeError):  # e.g. a lone surrogate, which UTF-8 cannot hold
        raise FastParserFailed from None
    try:
        while True:
            try:
                if not parser.check_event():
                    return
                event = parser.get_event()
            except (yaml.YAMLError, UnicodeError):
                raise FastParserFailed from None
            if isinstance(event, yaml.CollectionStartEvent) and (flow or event.flow_style):
                flow += 1
            elif isinstance(event, yaml.CollectionEndEvent) and flow:
                flow -= 1
            elif isinstance(event, yaml.ScalarEvent) and event.style == "":
                if flow and "?" in event.value:
                    raise FastParserFailed
                event.style = None  # a plain scalar, as the pure parser writes it
            yield event
    finally:
        parser.dispose()


def pure_events(text: str):
    parser = PureParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()
