import requests


class Downloader:
    def __init__(self, timeout=10):
        self.timeout = timeout

    def fetch(self, url):
        return requests.get(url, timeout=self.timeout, stream=True).raw.read()  # expect: FB412
