def card(title, body):
    return "<div class='card'><h2>" + title + "</h2><p>" + body + "</p></div>"


def plain(title):
    return {"title": title}
