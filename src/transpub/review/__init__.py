"""Translator review: XLIFF 2.1 export and import, applying approvals, and the review web page.

Modules, one job each:

- :mod:`~transpub.review.xliff` reads and writes the XLIFF format (safely: no DTD, no entities);
- :mod:`~transpub.review.current` joins a report with a fresh segmentation of the release file;
- :mod:`~transpub.review.export` decides what goes into a file for translators;
- :mod:`~transpub.review.apply` applies imports and page approvals to the memory and republishes;
- :mod:`~transpub.review.pages` and :mod:`~transpub.review.app` are the review web page.

Importing this package imports none of them (the web app pulls in Starlette); import the module you need.
"""

from __future__ import annotations
