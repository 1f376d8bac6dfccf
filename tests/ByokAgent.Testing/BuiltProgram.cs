namespace ByokAgent.Testing;

/// <summary>Finds the built dll of a program of this repository (the CLI, the server) for tests that start it as a process.</summary>
/// <remarks>
/// The program is built with the test project (a project reference), in the same configuration. Two layouts exist: the
/// repository's own (<c>src/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0/</c>) and <c>--artifacts-path</c>'s
/// (<c>bin/&lt;Project&gt;/&lt;configuration&gt;/</c> beside the test project's folder).
/// </remarks>
public static class BuiltProgram
{
    /// <summary>The path of <paramref name="dllName"/> built from <c>src/<paramref name="projectName"/></c>.</summary>
    /// <exception cref="FileNotFoundException">It was not built.</exception>
    public static string Find(string projectName, string dllName)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", projectName, "bin", configuration, "net10.0", dllName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var artifacts = Path.Combine(testOutput.Parent.Parent!.FullName, projectName, testOutput.Name, dllName);
        return File.Exists(artifacts)
            ? artifacts
            : throw new FileNotFoundException($"{dllName} ({configuration}) not found above {AppContext.BaseDirectory}: build the solution first.");
    }
}
