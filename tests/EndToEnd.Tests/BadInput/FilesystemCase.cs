namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>A row of the filesystem catalogue (<see cref="FilesystemCases"/>) and what it runs, on the shared server or its own.</summary>
internal sealed record FilesystemCase(BadInputCase Row, Func<FolderServerFixture, BadInputCase, Task> Run);
