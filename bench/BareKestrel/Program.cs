// The baseline of bench/run.sh: Kestrel answering what the hello guest answers, with no sandbox at all.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/run/hello/", () => Results.Text("Hello from mik\n", "text/plain"));
app.Run();
