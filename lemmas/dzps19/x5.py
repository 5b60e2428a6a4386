"""``python -m lemmas.dzps19.x5``: run DZPS19's §5 sweep (see :mod:`lemmas.dzps19.experiment`)."""
from lemmas.dzps19.experiment import main

if __name__ == "__main__":
    raise SystemExit(main())
