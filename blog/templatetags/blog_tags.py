from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from blog.models import Post
from clinic.structured_data import clinic_id
from clinic.templatetags.clinic_tags import ld_json

register = template.Library()


@register.simple_tag
def latest_posts(count=3):
    """The newest published posts, for the home page."""
    return list(Post.objects.published(timezone.now()).for_listing()[:count])


@register.simple_tag(takes_context=True)
def post_ld_json(context, post):
    """JSON-LD for an article: BlogPosting plus its breadcrumb trail."""
    site = settings.SITE_URL
    url = f"{site}{post.get_absolute_url()}"
    clinic = context.get("clinic")
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.meta_description,
        "mainEntityOfPage": url,
        "url": url,
        "datePublished": timezone.localtime(post.published_at).isoformat(),
        "dateModified": timezone.localtime(post.updated_at).isoformat(),
        "author": {"@type": "Person", "name": post.author.get_full_name() or post.author.get_username()},
        "publisher": {"@id": clinic_id()},
        "inLanguage": "en-GB",
        "wordCount": len(strip_tags(post.body_html).split()),
    }
    if clinic:
        posting["publisher"] = {
            "@type": "Organization",
            "@id": clinic_id(),
            "name": clinic.profile.name,
        }
    if post.hero:
        posting["image"] = f"{site}{post.hero.largest_url}"
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{site}{reverse('clinic:home')}"},
            {"@type": "ListItem", "position": 2, "name": "Articles", "item": f"{site}{reverse('blog:list')}"},
            {"@type": "ListItem", "position": 3, "name": post.title, "item": url},
        ],
    }
    return ld_json(posting) + ld_json(breadcrumbs)
