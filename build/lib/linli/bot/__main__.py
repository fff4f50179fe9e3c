from linli.bot.cli import main

main()
