from build_tools.cli.main import main

main()
