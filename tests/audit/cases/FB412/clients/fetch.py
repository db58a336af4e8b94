import requests


def fetch(url, timeout=5):
    return requests.get(url, timeout=timeout).text  # expect: FB412


def fetch_item(item_id):
    return requests.get(f"https://api.example.com/items/{item_id}", timeout=5).json()
