"""python -m etl.demo: write data/demo/<table>.csv."""

from etl.config import DEMO_DIR
from etl.demo import write_demo_csv

write_demo_csv(DEMO_DIR)
