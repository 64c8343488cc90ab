"""The Email metrics page of the Analytics tab."""
