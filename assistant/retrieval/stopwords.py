"""The one list of words too common to match on, for the policy search's BM25 and the answer writer's word overlap
(issue 12: they were two lists in two modules that had drifted apart).

The writer ignores a few more words (`OVERLAP_STOP`): it counts the words a sentence shares with the question, and
one shared "about", "there" or "after" would make a sentence look relevant. BM25 keeps them because its IDF already
weighs them down, and dropping them there cost ranking: with the writer's longer list BM25 put the right section in
the top 3 for 0.788 of tests/data/retrieval_questions.jsonl (0.827 with this list) and the right passage first for
0.611 of the terms questions' dev split (0.639).
"""

STOP = frozenset("""a an the and or of to in on for at by is are was be can i my me you your we our do does did it
this that with from if what how when where which who will would should could as any have has""".split())
OVERLAP_STOP = STOP | frozenset("""about get there their them they its not no yes so than then after before much
many up like""".split())
# Words of four letters or more that say nothing about a topic: a question made of only these and known words is
# not about something the policies never mention (`PolicyRetriever.answerable`), and a product query's leftovers.
GENERIC = frozenset("""about after again also before being could does doing every from have into just like make more
most need only other over same some such than that their them then there these they this through want what when
where which while with would your yours order orders item items thing things something anything policy store please
know tell question help much many guys stuff""".split())
# Words of a shopper's query that name no filter: the rewrite task leaves them out of the free text a search
# matches on (`LexiconRewriter`) and out of the content words its tagger looks for (`tasks/rewrite/tokens.py`).
QUERY_STOP = frozenset("""a an the for me my i im i'm want need looking look some something any with and or in on of
to show find get please that is are be can you do does which what good nice new under over between dollars""".split())
