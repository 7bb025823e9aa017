"""Claims about the clean fixture's January 2024 article that several tests build books from."""

ARTICLE = "washington-times-2024-01-25"

# A projection due June 2024, and a claim that can be linked to it.
TALKS_AND_RESIDUAL_PRESENCE = f'''  - id: talks-could-lead-to-departure
    topic: troop-levels
    text: "In January 2024 officials were set to launch discussions that could lead to the departure of U.S. troops."
    date: "2024-01-25"
    due: "2024-06"
    sources:
      - article: {ARTICLE}
        quote: "set to launch discussions that could lead to the departure"
  - id: residual-presence-needed
    topic: troop-levels
    text: "In January 2024 the U.S. said a residual troop presence was needed."
    date: "2024-01-25"
    sources:
      - article: {ARTICLE}
        quote: "says a residual troop presence is needed"
'''


def no_formal_request(text: str = "U.S. officials said they had received no formal request from Iraqi officials "
                                  "to pull out.") -> str:
    """A July 2024 claim that settles the projection above and contradicts the fixture's attack count (`text` as given)."""
    return f'''  - id: no-formal-request-to-pull-out
    topic: troop-levels
    text: "{text}"
    date: "2024-07-01"
    sources:
      - article: {ARTICLE}
        quote: "They have not received any formal request from Iraqi officials to pull out"
    relations:
      - type: settles
        claim: talks-could-lead-to-departure
      - type: contradicts
        claim: attacks-iraq-60
'''
