def csv():
    return "a,b\n"


def json():
    return "[]"
