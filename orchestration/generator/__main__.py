"""`python -m orchestration.generator ...`"""

import sys

from .cli import main

sys.exit(main())
