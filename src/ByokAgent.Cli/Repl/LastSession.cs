namespace ByokAgent.Cli.Repl;

/// <summary>The last REPL session of each project, in <c>&lt;data dir&gt;/repl/last-session-&lt;projectId&gt;</c>, for <c>byok --resume</c>.</summary>
internal sealed class LastSession(string replDirectory)
{
    public string? Read(string projectId)
    {
        var path = PathFor(projectId);
        return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } id ? id : null : null;
    }

    public void Write(string projectId, string sessionId)
    {
        Directory.CreateDirectory(replDirectory);
        File.WriteAllText(PathFor(projectId), sessionId);
    }

    // Project ids are store-generated (prj_...), but a file name is no place to trust that.
    private string PathFor(string projectId) =>
        Path.Combine(replDirectory, $"last-session-{string.Concat(projectId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))}");
}
