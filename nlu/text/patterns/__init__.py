"""Pattern-based entity finders: id_number (or id_number_invalid), phone,
case_number, otp, date and language."""
from nlu.text.found import Found
from nlu.text.patterns.case_numbers import find_case_numbers
from nlu.text.patterns.dates import find_dates
from nlu.text.patterns.id_numbers import find_id_numbers
from nlu.text.patterns.languages import find_languages
from nlu.text.patterns.otp import find_otps
from nlu.text.patterns.phones import find_phones

# Earlier finders win when spans overlap.
FINDERS = (find_id_numbers, find_case_numbers, find_phones, find_otps, find_dates, find_languages)


def find_pattern_entities(normalised_text: str) -> list[Found]:
    found: list[Found] = []
    for finder in FINDERS:
        for candidate in finder(normalised_text):
            if not any(candidate.overlaps(other) for other in found):
                found.append(candidate)
    return sorted(found, key=lambda item: item.start)
