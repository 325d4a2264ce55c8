from build_tools.cli import main

main()
