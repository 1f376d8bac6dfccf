using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using ByokAgent.Agents.Plugins;
using Microsoft.SemanticKernel;

namespace ByokAgent.Plugins.Files;

/// <summary>
/// The file tools as the model sees them (<c>files_list_files</c>, <c>files_read_file</c>…): names, descriptions and
/// parameters. One instance serves every session; each call runs on the calling session's <see cref="FilesPlugin"/>
/// (its project's files), which the plugin's registration stored in the session's <see cref="AgentPluginContext"/>.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="FilesPlugin"/> so the plugin is built once per runtime, not once per session: building it
/// reflects over these methods and writes a JSON schema for each. Semantic Kernel passes the <see cref="Kernel"/> and
/// leaves it out of the schema.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Semantic Kernel builds a plugin from an instance's methods.")]
internal sealed class FileToolFunctions
{
    private const string PathHelp = "Path relative to the project's files, with / between folders, e.g. notes/todo.md.";

    [KernelFunction("list_files")]
    [Description("Lists the files and folders in the project's file storage, with type, size and modification time. Recursive lists everything below the folder (bounded).")]
    public Task<string> ListFilesAsync(
        Kernel kernel,
        [Description("Folder to list, relative to the project's files; empty for the top folder.")] string path = "",
        [Description("Whether to list everything below the folder, not only its direct entries.")] bool recursive = false,
        CancellationToken cancellationToken = default) =>
        Session(kernel).ListFilesAsync(path, recursive, cancellationToken);

    [KernelFunction("read_file")]
    [Description("Reads a text file from the project's file storage. Long files come in slices: the result says which offset to pass to read the next one. Binary files (images, PDFs) are described instead.")]
    public Task<string> ReadFileAsync(
        Kernel kernel,
        [Description(PathHelp)] string path,
        [Description("Character offset to start at; 0 for the beginning.")] long offset = 0,
        [Description("Most characters to return; empty for the store's maximum.")] int? maxChars = null,
        CancellationToken cancellationToken = default) =>
        Session(kernel).ReadFileAsync(path, offset, maxChars, cancellationToken);

    [KernelFunction("write_file")]
    [Description("Creates a text file in the project's file storage, or replaces its whole content. Missing folders are created.")]
    public Task<string> WriteFileAsync(
        Kernel kernel,
        [Description(PathHelp)] string path,
        [Description("The file's complete new content.")] string content,
        CancellationToken cancellationToken = default) =>
        Session(kernel).WriteFileAsync(path, content, cancellationToken);

    [KernelFunction("append_file")]
    [Description("Adds text at the end of a file in the project's file storage, creating it when missing. Include the line breaks you want (e.g. end with \\n).")]
    public Task<string> AppendFileAsync(
        Kernel kernel,
        [Description(PathHelp)] string path,
        [Description("The text to add at the end.")] string text,
        CancellationToken cancellationToken = default) =>
        Session(kernel).AppendFileAsync(path, text, cancellationToken);

    [KernelFunction("delete_file")]
    [Description("Deletes a file, or a folder with everything in it, from the project's file storage.")]
    public Task<string> DeleteFileAsync(
        Kernel kernel,
        [Description(PathHelp)] string path,
        CancellationToken cancellationToken = default) =>
        Session(kernel).DeleteFileAsync(path, cancellationToken);

    [KernelFunction("move_file")]
    [Description("Moves or renames a file or folder in the project's file storage. Missing destination folders are created.")]
    public Task<string> MoveFileAsync(
        Kernel kernel,
        [Description("The current path, relative to the project's files.")] string source,
        [Description("The new path, relative to the project's files.")] string destination,
        [Description("Whether to replace a file already at the destination.")] bool overwrite = false,
        CancellationToken cancellationToken = default) =>
        Session(kernel).MoveFileAsync(source, destination, overwrite, cancellationToken);

    [KernelFunction("search_files")]
    [Description("Finds files in the project's file storage whose name or text contains the query (case-insensitive). Returns path:line: text for each matching line.")]
    public Task<string> SearchFilesAsync(
        Kernel kernel,
        [Description("The text to look for.")] string query,
        [Description("Folder to search in, relative to the project's files; empty for all files.")] string path = "",
        CancellationToken cancellationToken = default) =>
        Session(kernel).SearchFilesAsync(query, path, cancellationToken);

    [KernelFunction("file_info")]
    [Description("Tells whether a file or folder exists in the project's file storage, with its type, size and modification time.")]
    public Task<string> FileInfoAsync(
        Kernel kernel,
        [Description(PathHelp)] string path,
        CancellationToken cancellationToken = default) =>
        Session(kernel).FileInfoAsync(path, cancellationToken);

    private static FilesPlugin Session(Kernel kernel) => AgentPluginContext.Of(kernel).Get<FilesPlugin>();
}
