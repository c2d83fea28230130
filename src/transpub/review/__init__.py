"""Translator review: XLIFF 2.1 export and import, the review web page, and the publishing gate.

Modules, one job each:

- :mod:`~transpub.review.xliff` reads and writes the XLIFF format (safely: no DTD, no entities);
- :mod:`~transpub.review.report` reads the QA report the publisher writes for each release;
- :mod:`~transpub.review.current` joins a report with a fresh segmentation of the release file;
- :mod:`~transpub.review.export` decides what goes into a file for translators;
- :mod:`~transpub.review.validate` holds the rules every reviewed target must pass;
- :mod:`~transpub.review.apply` applies imports and page approvals to the memory and republishes;
- :mod:`~transpub.review.gate` is the rule behind the per-language ``gate`` setting;
- :mod:`~transpub.review.pages` and :mod:`~transpub.review.app` are the review web page.

Importing this package imports none of them (the web app pulls in Starlette); import the module you need.
"""

from __future__ import annotations
