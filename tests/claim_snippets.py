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
