from django.urls import path

from blog import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="post"),
]
