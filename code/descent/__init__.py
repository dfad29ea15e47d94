"""descent: the code behind the textbook on gradient descent and backpropagation."""
