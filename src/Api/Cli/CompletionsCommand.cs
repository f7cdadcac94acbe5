using System.CommandLine;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik completions bash|zsh|fish</c>: a script for the shell. System.CommandLine offers no scripts, only the
/// <c>[suggest:N]</c> directive, so each script asks <c>mik "[suggest:N]" "line"</c> for the words at the cursor, and
/// falls back to file names when there are none (<c>mik validate</c>, <c>mik call x.wasm</c>, <c>-d @file</c>).
/// </summary>
internal static class CompletionsCommand
{
    private const string Bash = """
        # mik completions for bash: source <(mik completions bash)
        _mik_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(mik "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _mik_complete mik
        """;

    private const string Zsh = """
        #compdef mik
        # mik completions for zsh (after compinit): source <(mik completions zsh)
        _mik() {
            local -a items
            items=(${(f)"$(mik "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)"})
            if (( ${#items} )); then compadd -a items; else _files; fi
        }
        compdef _mik mik
        """;

    private const string Fish = """
        # mik completions for fish: mik completions fish | source
        function __mik_complete
            set -l line (commandline -cp)
            mik "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c mik -a '(__mik_complete)'
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completions", "Print a shell completion script (bash, zsh or fish)") { shell };
        command.SetAction(result =>
        {
            var script = result.GetValue(shell) switch { "bash" => Bash, "zsh" => Zsh, _ => Fish };
            result.InvocationConfiguration.Output.WriteLine(script);
            return ExitCodes.Ok;
        });
        return command;
    }
}
