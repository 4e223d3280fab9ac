#pragma once
// Runs a benchmark peer (a Python reference) and collects its `name value unit` lines whose name
// contains ".peer"; other lines go to stderr. Empty when the peer is unavailable (e.g. a
// python3-* package of the bench role is not installed).
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

inline std::map<std::string, double> runPeer(const std::string& command) {
    std::map<std::string, double> values;
    std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return values;
    char line[4096];
    while (std::fgets(line, sizeof line, pipe)) {
        char name[256];
        double value = 0;
        if (std::sscanf(line, "%255s %lf", name, &value) == 2 && std::strstr(name, ".peer"))
            values[name] = value;
        else
            std::fprintf(stderr, "peer: %s", line);
    }
    ::pclose(pipe);
    return values;
}
