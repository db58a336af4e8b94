from urllib.parse import urlsplit

import requests

IMAGE_HOSTS = {"upload.wikimedia.org", "images.example.org"}


class Downloader:
    def __init__(self, timeout=10):
        self.timeout = timeout

    def fetch(self, url):
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.hostname not in IMAGE_HOSTS:
            raise ValueError("image host not allowed")
        return requests.get(url, timeout=self.timeout, stream=True, allow_redirects=False).raw.read()  # ok: FB412
