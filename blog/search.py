"""Searching published posts: PostgreSQL full-text search with ranking, or a plain
every-word match on other databases."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

MAX_QUERY_LENGTH = 100


def clean_query(raw: str) -> str:
    return " ".join(raw.split())[:MAX_QUERY_LENGTH]


def search_posts(queryset, query: str):
    query = clean_query(query)
    if not query:
        return queryset.none()
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)  # the @@ match; ts_rank alone is never exactly 0
            .order_by("-rank", "-published_at")
        )
    condition = Q()
    for word in query.split()[:10]:
        either = Q()
        for form in spellings(word):
            either |= Q(title__icontains=form) | Q(summary__icontains=form) | Q(body__icontains=form)
        condition &= either
    return queryset.filter(condition)


def spellings(word: str) -> set[str]:
    """The word with a straight and with a typographic apostrophe: titles and summaries are saved with ’
    (core.typography), bodies keep the Markdown as typed, and a reader types either."""
    straight = word.replace("’", "'").replace("‘", "'")
    return {straight, straight.replace("'", "’")}
