"""plansite's benchmark: plansite next to MkDocs and Hugo, on one corpus, on one machine.

Run it with ``python -m bench`` from the repository root (see ``bench/README.md``). The
package is split by job, so that each part can be read, and tested, on its own:

- ``vocabulary``: the plan, words and sentences the corpus is made of (data, in effect);
- ``corpus``: the deterministic corpus of N items, written as three projects;
- ``tools``: how each tool is started (installed plansite or a git snapshot), versions;
- ``peers``: starting MkDocs and Hugo;
- ``measure``: timed builds in alternating rounds, plansite's rebuilds after an edit;
- ``serve``: the rebuilds of ``plansite serve``, read from its build reports;
- ``report``: medians, ratios, the printed tables and the ``--json`` file;
- ``__main__``: the command line.
"""
