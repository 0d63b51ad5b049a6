from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from blog.models import Category, Post
from blog.search import clean_query, search_posts
from core.pagecache import public_page

RELATED_COUNT = 3


def next_publication():
    """A scheduled post going live changes lists and related articles: cached pages expire by then."""
    return Post.objects.next_publication(timezone.now())


class PublishedPostsMixin:
    """The posts a visitor may read now."""

    def published_posts(self):
        return Post.objects.published(timezone.now())


@public_page(params=["page"], uncached_params=["q"], until=next_publication)  # searches are too many to keep
class PostListView(PublishedPostsMixin, ListView):
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = 10

    @cached_property
    def query(self):
        return clean_query(self.request.GET.get("q", ""))

    def get_queryset(self):
        posts = self.published_posts().for_listing()
        if self.query:
            return search_posts(posts, self.query)
        return posts

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query, categories=Category.objects.filter(posts__isnull=False).distinct(), **kwargs
        )


class CategoryView(PostListView):
    template_name = "blog/category.html"

    @cached_property
    def category(self):
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def get_queryset(self):
        return self.published_posts().for_listing().filter(categories=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


@public_page(until=next_publication)
class PostDetailView(PublishedPostsMixin, DetailView):
    template_name = "blog/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        posts = Post.objects.select_related("author").prefetch_related("categories")
        return posts if self.request.user.is_staff else posts.published(timezone.now())

    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        if not (post.is_live(timezone.now()) or self.request.user.is_staff):
            raise Http404("No such article.")
        return post

    def get_context_data(self, **kwargs):
        post = self.object
        category_ids = [category.id for category in post.categories.all()]
        others = self.published_posts().exclude(pk=post.pk).for_listing()
        related = list(others.filter(categories__in=category_ids).distinct()[:RELATED_COUNT]) if category_ids else []
        if len(related) < RELATED_COUNT:
            related += list(others.exclude(pk__in=[p.pk for p in related])[: RELATED_COUNT - len(related)])
        return super().get_context_data(related=related, is_live=post.is_live(timezone.now()), **kwargs)
