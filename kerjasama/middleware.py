from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """A signed-in person's pages and exports (grades, answers) are theirs alone: no shared
    cache on the way, such as a school's proxy, may keep them. Pages that say otherwise
    (`never_cache`, static files) keep what they say."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response.headers and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
