using System.Text.RegularExpressions;

namespace ByokAgent.Files;

/// <summary>One project's files folder, and the only way from a caller's path to a place on disk inside it.</summary>
/// <remarks>
/// Every path is checked twice: by text (<see cref="ProjectPaths.Normalize"/>) and physically, after following every
/// symbolic link on the way (<see cref="PhysicalPaths"/>); a path whose physical place is not inside the root is
/// refused. The check and the use are separate system calls, so a link swapped in between by someone with a shell on
/// the server is not covered; the store itself never creates links.
/// </remarks>
internal sealed partial class ProjectFileRoot
{
    private ProjectFileRoot(string projectId, string fullPath)
    {
        ProjectId = projectId;
        FullPath = fullPath;
    }

    /// <summary>The project the folder belongs to.</summary>
    public string ProjectId { get; }

    /// <summary>The folder's physical, absolute path (<c>&lt;projects&gt;/&lt;projectId&gt;/files</c>).</summary>
    public string FullPath { get; }

    /// <summary>The project's files folder under <paramref name="projectsDirectory"/> (created by the first write, not here).</summary>
    /// <exception cref="FilePathException">The project id is not a plain name, or the project's folder is a link leading elsewhere.</exception>
    public static ProjectFileRoot Open(string projectsDirectory, string projectId)
    {
        ArgumentNullException.ThrowIfNull(projectId);

        // Ids come from the store (prj_ + hex), but they become a folder name here, so only plain names pass.
        if (!ProjectIdPattern().IsMatch(projectId))
        {
            throw new FilePathException($"'{ProjectPaths.Quote(projectId)}' is not a valid project id.");
        }

        var projects = PhysicalPaths.Resolve(Path.GetFullPath(projectsDirectory));
        var root = Path.Join(projects, projectId, "files");
        if (!string.Equals(PhysicalPaths.ResolveUnder(projects, Path.Join(projectId, "files")), root, StringComparison.Ordinal))
        {
            throw new FilePathException($"The files folder of project '{projectId}' is a symbolic link leading elsewhere; it is refused.");
        }

        return new ProjectFileRoot(projectId, root);
    }

    /// <summary>Where a caller's path is on disk.</summary>
    /// <exception cref="FilePathException">The path is not a safe relative path, or leads outside the root through a link.</exception>
    public ResolvedPath Resolve(string path)
    {
        var relative = ProjectPaths.Normalize(path);
        if (relative.Length == 0)
        {
            return new ResolvedPath(relative, FullPath, FullPath);
        }

        var folder = PhysicalPaths.ResolveUnder(FullPath, ProjectPaths.ParentOf(relative));
        var entry = Path.Join(folder, ProjectPaths.NameOf(relative));
        var target = PhysicalPaths.ResolveUnder(folder, ProjectPaths.NameOf(relative));
        if (!PhysicalPaths.IsSameOrInside(folder, FullPath) || !PhysicalPaths.IsSameOrInside(target, FullPath))
        {
            throw new FilePathException($"The path '{ProjectPaths.Quote(relative)}' is refused: it leads through a symbolic link to outside the project's files.");
        }

        return new ResolvedPath(relative, target, entry);
    }

    /// <summary>Whether anything was ever written: until then the folder does not exist, and the project has no files.</summary>
    public bool Exists => Directory.Exists(FullPath);

    /// <summary>Whether a physical path is inside the root (for entries met while walking folders).</summary>
    public bool Contains(string physicalPath) => PhysicalPaths.IsSameOrInside(physicalPath, FullPath);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ProjectIdPattern();
}
