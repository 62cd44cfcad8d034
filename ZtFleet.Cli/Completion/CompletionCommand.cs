using System.CommandLine;
using ZtFleet.Cli.Hosting;

namespace ZtFleet.Cli.Completion;

/// <summary>
/// <c>ztfleet completion bash|zsh|fish|powershell</c>: prints a script that asks ztfleet itself for completions
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive (commands, options, enum values, protocols).
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh, fish or powershell" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish", "powershell");
        var command = new Command("completion", "Prints the shell completion script: eval \"$(ztfleet completion bash)\", or save it where your shell loads completions.") { shell };
        Run.Local(command, (parsed, printer, _) =>
        {
            printer.Out.Write(Script(parsed.GetValue(shell)!));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # ztfleet completion for bash: eval "$(ztfleet completion bash)" (e.g. in ~/.bashrc)
            _ztfleet_complete() {
                local IFS=$'\n'
                local line="${COMP_LINE:0:COMP_POINT}"
                line="${line#"${COMP_WORDS[0]}"}"
                line="${line#"${line%%[![:space:]]*}"}"
                local candidates
                candidates=$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)
                COMPREPLY=($(compgen -W "$candidates" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _ztfleet_complete ztfleet

            """,
        "zsh" => """
            #compdef ztfleet
            # ztfleet completion for zsh: ztfleet completion zsh > "${fpath[1]}/_ztfleet" (with compinit), or eval it
            _ztfleet() {
                local line="${(j: :)words[2,CURRENT]}"
                local -a candidates
                candidates=("${(@f)$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)}")
                compadd -a candidates
            }
            if [ "$funcstack[1]" = "_ztfleet" ]; then
                _ztfleet "$@"
            else
                compdef _ztfleet ztfleet
            fi

            """,
        "fish" => """
            # ztfleet completion for fish: ztfleet completion fish > ~/.config/fish/completions/ztfleet.fish
            function __ztfleet_complete
                set -l line (commandline -cp | string replace -r '^\S+\s*' '')
                ztfleet "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
            end
            complete -c ztfleet -f -a '(__ztfleet_complete)'

            """,
        _ => """
            # ztfleet completion for PowerShell: ztfleet completion powershell | Out-String | Invoke-Expression (e.g. in $PROFILE)
            Register-ArgumentCompleter -Native -CommandName ztfleet -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $text = $commandAst.ToString()
                $line = $text.Substring(0, [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $text.Length)) -replace '^\S+\s*', ''
                ztfleet "[suggest:$($line.Length)]" "$line" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };
}
