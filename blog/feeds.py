from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from blog.models import Post
from clinic.identity import current_profile
from core.siteurl import absolute

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    url_name = "blog:feed"

    def title(self):
        return f"{current_profile().short_name} — articles"

    def description(self):
        return "Practical articles on running injuries, rehabilitation and strength from the clinic."

    subtitle = description

    # Every link is absolute on SITE_URL, so the feed never takes its host from the request.
    def link(self):
        return absolute(reverse("blog:list"))

    def feed_url(self):
        return absolute(reverse(self.url_name))

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def items(self):
        return Post.objects.published(timezone.now()).select_related("author")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.get_full_name() or item.author.get_username()

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    url_name = "blog:feed_atom"
