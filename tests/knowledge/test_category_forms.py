"""One reading of a category name, shared by the rewriter's product types and the policies' departments."""

from assistant.knowledge import category_forms, singular
from assistant.retrieval.departments import type_names


def test_a_name_joined_with_ampersand_comma_or_and_names_each_type():
    assert category_forms("Wallets & Money Clips") == ["wallets", "money clips"]
    assert category_forms("Tops, Tees and Blouses") == ["tops", "tees", "blouses"]
    assert category_forms("Electric Kettles") == ["electric kettles"]


def test_a_word_containing_and_is_not_split():
    assert category_forms("Sandals") == ["sandals"]
    assert category_forms("Handbags") == ["handbags"]


def test_departments_read_names_the_same_way():
    assert ("wallet",) in type_names("Wallets & Money Clips")
    assert singular("accessories") == "accessory"
