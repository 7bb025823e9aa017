"""Quote matching folds whitespace and typographic variants, and nothing else."""

from generator.textmatch import closest_passage, find_quote, fold

ARTICLE = fold("He said \u201cthe  threat\u00a0does remain,\u201d \u2014 and then\nleft. It\u2019s over.")


def test_curly_and_straight_quotes_and_whitespace_are_folded():
    span = find_quote('"the threat does remain," - and then left.', ARTICLE)
    assert span is not None
    assert ARTICLE.original[span[0]:span[1]] == "\u201cthe  threat\u00a0does remain,\u201d \u2014 and then\nleft."


def test_apostrophes_fold_both_ways():
    assert find_quote("It's over.", ARTICLE) is not None
    assert find_quote("It\u2019s over.", fold("It's over.")) is not None


def test_case_spelling_and_punctuation_are_not_folded():
    assert find_quote("The threat does remain", ARTICLE) is None
    assert find_quote("the threat does remains", ARTICLE) is None
    assert find_quote("the threat, does remain", ARTICLE) is None


def test_closest_passage_points_at_the_near_miss():
    # The words the quote nearly matches, widened to whole words (so the quote
    # marks attached to them come along), in folded form.
    assert closest_passage("the threat does remains", ARTICLE) == '"the threat does remain,"'
