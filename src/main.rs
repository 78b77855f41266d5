fn main() {
    std::process::exit(monoxide::cli::main());
}
