import random
import secrets
import string


def generate_token():
    return secrets.token_urlsafe(32)  # ok


def shuffle_cards(cards):
    random.shuffle(cards)  # ok
    return cards


def tip_of_the_day(tips):
    return random.choice(tips)  # ok


def retry_delay(attempt):
    jitter = random.uniform(0, 1)  # ok
    return 2**attempt + jitter


def sample_rows(rows):
    return random.sample(rows, 10)  # ok


def pick_colour():
    colour = random.choice(["red", "green"])  # ok
    return colour


def new_password():
    return "".join(secrets.choice(string.ascii_letters) for _ in range(16))  # ok


def seed_rows(rows, countries):
    for row in rows:
        row.country_id = random.randint(1, len(countries))  # ok
        row.group_id = random.randrange(1, 4)  # ok


def pick_entry(table):
    key = random.choice(list(table))  # ok
    return table[key]
