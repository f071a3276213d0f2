"""Driver script for ``spark-submit`` (absolute imports only: spark-submit runs it as a file).

    spark-submit --master yarn --archives wirecoder-venv.tar.gz#environment \\
        "$(python -c 'import wirecoder.engines.submit as m; print(m.__file__)')" \\
        run --engine spark --input /shared/cc-news/ --output hdfs:///wirecoder/out --dedupe
"""
import sys

from wirecoder.engines.cli import main

if __name__ == "__main__":
    sys.exit(main())
